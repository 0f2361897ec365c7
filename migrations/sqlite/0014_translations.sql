ALTER TABLE `articles` ADD `translation_group` text;--> statement-breakpoint
CREATE UNIQUE INDEX `articles_translation_language_unique` ON `articles` (`translation_group`,lower("language"));