CREATE TABLE `revisions` (
	`article_id` text NOT NULL,
	`number` integer NOT NULL,
	`created_at` text NOT NULL,
	`author` text NOT NULL,
	`snapshot` text NOT NULL,
	PRIMARY KEY(`article_id`, `number`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	CONSTRAINT "tokens_role_check" CHECK("tokens"."role" in ('admin', 'editor', 'moderator'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_secret_hash_unique` ON `tokens` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `tokens_created_idx` ON `tokens` (`created_at`,`id`);--> statement-breakpoint
-- The expression below is written by hand: drizzle-kit 0.31 quotes the parts of an expression index as column names.
CREATE INDEX `articles_sorted_idx` ON `articles` (coalesce("published_at", ''),`id`);