ALTER TABLE "articles" ADD COLUMN "translation_method" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "translation_engine" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "translation_reviewed_at" text;--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_translation_method_check" CHECK ("articles"."translation_method" in ('machine', 'human', 'machine-post-edited'));