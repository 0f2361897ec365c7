-- Hand-written: drizzle-kit quotes the expression's parts as column names.
DROP INDEX `comments_article_client_text_idx`;--> statement-breakpoint
CREATE INDEX `comments_duplicate_idx` ON `comments` ((`article_id` || ' ' || `client_hash` || ' ' || substr(`body`, 1, 64)));
