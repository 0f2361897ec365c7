CREATE TABLE `articles` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`language` text NOT NULL,
	`original_language` text,
	`direction` text NOT NULL,
	`status` text NOT NULL,
	`published_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	CONSTRAINT "articles_direction_check" CHECK("articles"."direction" in ('rtl', 'ltr')),
	CONSTRAINT "articles_status_check" CHECK("articles"."status" in ('draft', 'published', 'archived')),
	CONSTRAINT "articles_version_check" CHECK("articles"."version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_slug_unique` ON `articles` (`slug`);--> statement-breakpoint
CREATE INDEX `articles_status_published_idx` ON `articles` (`status`,`published_at`,`id`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`parent_id` text,
	`author_name` text NOT NULL,
	`author_email` text,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "comments_status_check" CHECK("comments"."status" in ('pending', 'approved', 'rejected', 'spam'))
);
--> statement-breakpoint
CREATE INDEX `comments_article_status_created_idx` ON `comments` (`article_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `comments_parent_idx` ON `comments` (`parent_id`);--> statement-breakpoint
CREATE TABLE `places` (
	`article_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`locality` text,
	`country` text,
	`country_code` text,
	`latitude` real,
	`longitude` real,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "places_latitude_check" CHECK("places"."latitude" between -90 and 90),
	CONSTRAINT "places_longitude_check" CHECK("places"."longitude" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE `sections` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`position` integer NOT NULL,
	`heading` text,
	`blocks` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "sections_position_check" CHECK("sections"."position" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sections_article_position_unique` ON `sections` (`article_id`,`position`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`url` text,
	`publisher` text,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_article_position_unique` ON `sources` (`article_id`,`position`);