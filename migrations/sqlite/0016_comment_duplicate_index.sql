-- Hand-written: drizzle-kit quotes the expression's parts as column names.
DROP INDEX `comments_article_client_idx`;--> statement-breakpoint
CREATE INDEX `comments_article_client_text_idx` ON `comments` (`article_id`,`client_hash`,substr(`body`, 1, 64),`created_at`);
