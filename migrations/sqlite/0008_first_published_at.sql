ALTER TABLE `articles` ADD `first_published_at` text;--> statement-breakpoint
-- Hand-written backfill: an article's first publication is the earliest of its current
-- publication (when it is published or archived) and every `article.published` the change
-- feed recorded of it; articles never published keep null.
UPDATE `articles` SET `first_published_at` = (
  SELECT min(`t`) FROM (
    SELECT CASE WHEN `articles`.`status` <> 'draft' THEN `articles`.`published_at` END AS `t`
    UNION ALL
    SELECT `at` FROM `changes` WHERE `changes`.`article_id` = `articles`.`id` AND `changes`.`type` = 'article.published'
  )
);
