-- Hand-written: drizzle-kit rebuilds the whole table to add a check constraint; SQLite takes one on a new column as it is added.
ALTER TABLE `articles` ADD `translation_method` text CONSTRAINT "articles_translation_method_check" CHECK("translation_method" in ('machine', 'human', 'machine-post-edited'));--> statement-breakpoint
ALTER TABLE `articles` ADD `translation_engine` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `translation_reviewed_at` text;
