DROP INDEX `comments_parent_idx`;--> statement-breakpoint
ALTER TABLE `comments` ADD `root_id` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `depth` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `client_hash` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `deleted_at` text;--> statement-breakpoint
CREATE INDEX `comments_root_idx` ON `comments` (`root_id`,`status`);--> statement-breakpoint
CREATE INDEX `comments_status_created_idx` ON `comments` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `comments_created_idx` ON `comments` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `comments_article_client_idx` ON `comments` (`article_id`,`client_hash`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_parent_idx` ON `comments` (`parent_id`,`status`);--> statement-breakpoint
-- Written by hand: comments from before threads start their own thread; replies could not be posted before.
UPDATE `comments` SET `root_id` = coalesce(`parent_id`, `id`), `depth` = CASE WHEN `parent_id` IS NULL THEN 1 ELSE 2 END;