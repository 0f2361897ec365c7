PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_revisions` (
	`article_id` text NOT NULL,
	`number` integer NOT NULL,
	`created_at` text NOT NULL,
	`author` text NOT NULL,
	`snapshot` text,
	PRIMARY KEY(`article_id`, `number`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_revisions`("article_id", "number", "created_at", "author", "snapshot") SELECT "article_id", "number", "created_at", "author", "snapshot" FROM `revisions`;--> statement-breakpoint
DROP TABLE `revisions`;--> statement-breakpoint
ALTER TABLE `__new_revisions` RENAME TO `revisions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;