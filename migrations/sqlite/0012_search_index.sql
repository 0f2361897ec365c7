-- The full-text index of articles (src/search/): one row per search document, keyed by its id.
-- The terms are made by src/search/words.ts (normalized, stemmed, joined by spaces), the same at
-- indexing and at query time, so the tokenizer only splits on spaces and folds nothing itself.
-- Contentless: the articles hold the text; contentless_delete lets a row be replaced or removed.
CREATE VIRTUAL TABLE `article_search` USING fts5(title, headings, body, meta, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
-- An article deleted takes its search document with it (a foreign key), and that its index row.
CREATE TRIGGER `search_documents_deleted` AFTER DELETE ON `search_documents` BEGIN DELETE FROM `article_search` WHERE rowid = old.id; END;
