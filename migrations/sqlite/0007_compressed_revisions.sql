ALTER TABLE `revisions` ADD `base` integer;--> statement-breakpoint
ALTER TABLE `revisions` ADD `content` blob;