CREATE TABLE `seeds` (
	`name` text PRIMARY KEY NOT NULL,
	`loaded_at` text NOT NULL
);
--> statement-breakpoint
-- Hand-written: a database that already holds articles, or whose change feed shows it held some, was seeded by an earlier start.
INSERT INTO `seeds` (`name`, `loaded_at`) SELECT 'seed-article', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE EXISTS (SELECT 1 FROM `articles`) OR EXISTS (SELECT 1 FROM `changes`);
