CREATE TABLE `changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`article_id` text NOT NULL,
	`comment_id` text,
	`version` integer,
	`at` text NOT NULL,
	CONSTRAINT "changes_type_check" CHECK("changes"."type" in ('article.published', 'article.updated', 'article.unpublished', 'article.archived', 'article.deleted', 'comment.approved', 'comment.removed'))
);
--> statement-breakpoint
CREATE INDEX `changes_article_idx` ON `changes` (`article_id`,`seq`);--> statement-breakpoint
ALTER TABLE `articles` ADD `listed` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `articles_unlisted_published_idx` ON `articles` (`published_at`) WHERE "articles"."status" = 'published' and "articles"."listed" = 0;--> statement-breakpoint
-- Written by hand: articles already public when the feed began enter it as published.
INSERT INTO `changes` (`type`, `article_id`, `version`, `at`) SELECT 'article.published', `id`, `version`, `published_at` FROM `articles` WHERE `status` = 'published' AND `published_at` <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ORDER BY `published_at`, `id`;--> statement-breakpoint
UPDATE `articles` SET `listed` = 1 WHERE `status` = 'published' AND `published_at` <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
