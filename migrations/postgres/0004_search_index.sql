-- The full-text index of articles (src/search/): one tsvector per search document, weighted by
-- field (A title, B headings, C body, D place, sources, authors and topics). The terms are made by
-- src/search/words.ts, the same at indexing and at query time, and written as a tsvector literal,
-- so no text search configuration or parser of the server's locale is involved.
CREATE TABLE "article_search" (
	"document_id" bigint PRIMARY KEY REFERENCES "search_documents"("id") ON DELETE cascade,
	"document" tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX "article_search_document_idx" ON "article_search" USING gin ("document");
