-- boilerplate.lua — lines that are not article text: content-farm footers,
-- share buttons, comment prompts, copyright lines, ad and video furniture.
--
-- The boilerplate stage runs before sentences, entities and claims, so what
-- it excludes never becomes a name or a claim. Every phrase below goes into
-- one automaton matched on whole words, case-insensitively; a line holding
-- one is then checked against its rule: `at` ("start": only bullets or
-- punctuation before the phrase; "line": the phrase is the whole line),
-- `max_line` (bytes), and `pattern` (PCRE2 on the line, original case).
-- `to_end` excludes everything from that line on. A rule's `signal` is added
-- once per article when the rule fires.
--
-- Keep to phrases that are furniture on any site, and anchor them: a rule
-- must never take a sentence of an article ("Share prices fell" is news).

local FOOTER = { name = "CONTENT_FARM_FOOTER", weight = -2.0,
                 why = "a content farm's footer: the text was copied from elsewhere" }
local CHROME = { name = "PAGE_CHROME", weight = -0.25,
                 why = "web-page furniture (share, comment, ad, copyright lines) scraped with the text" }

-- A year or a sign after "Copyright", or "All rights reserved": "Copyright Office" is news.
local COPYRIGHT = [[©|\([cC]\)\s*\d{4}|\b(?:[Cc]opyright|COPYRIGHT)\s+(?:\([cC]\)\s*)?\d{4}|]] ..
                  [[\b(?:[Aa]ll [Rr]ights [Rr]eserved|ALL RIGHTS RESERVED)\b]]

return {
  rules = {
    -- "Source Article from http://..." closes pages copied by scraper sites;
    -- what follows it ("Related posts:", "Views: 0") is the farm's own furniture.
    { id = "source_article", at = "start", max_line = 400, to_end = true, signal = FOOTER,
      phrases = { "Source Article from", "Source Article:", "Original Article from" } },
    -- The view counter of auto-published WordPress pages: "Views: 0", "Post Views: 1,024".
    { id = "view_counter", at = "start", max_line = 40, signal = FOOTER,
      phrases = { "Views", "Post Views", "Hits" },
      pattern = [[^\W*(?:post\s+)?(?:views|hits)\s*:\s*[\d,.]+\s*$]], flags = "i" },
    { id = "related_links", at = "line", max_line = 60, signal = CHROME,
      phrases = { "Related posts", "Related Post", "Related articles", "Related stories",
                  "You may also like", "You might also like", "Recommended for you",
                  "More from our network", "From around the web", "Related coverage",
                  "See all related", "Related" } },
    -- Comment prompts that are the whole line ("Leave a Reply", "Comments are closed.").
    { id = "comment_prompt", at = "line", max_line = 60, signal = CHROME,
      phrases = { "Leave a Comment", "Leave a Reply", "Post a Comment", "Add a Comment",
                  "Comments are closed", "Join the discussion", "Join the conversation",
                  "Show Comments", "View Comments", "Comments", "Click here to comment" } },
    -- Comment notices too specific to be a sentence of an article.
    { id = "comment_notice", at = "start", max_line = 160, signal = CHROME,
      phrases = { "You must be logged in to post a comment", "Have something to add to this story",
                  "Sorry we are not currently accepting comments", "Comment & Share" } },
    { id = "share_prompt", at = "start", max_line = 100, signal = CHROME,
      phrases = { "Share this:", "Share this article", "Share this story", "Share on Facebook",
                  "Share on Twitter", "Share on WhatsApp", "Share via Email", "Click to share on",
                  "Tweet this", "Like us on Facebook", "Follow us on Twitter", "Follow us on Facebook",
                  "Like this:", "Share:" } },
    -- Calls to pass the page on: "Spread the word! LIKE and SHARE this article or leave a comment".
    { id = "share_call", at = "start", max_line = 300, signal = CHROME,
      phrases = { "Spread the word", "Like and share", "Please share this" } },
    -- A line that is only a button: "Facebook", "Twitter", "Print".
    { id = "share_button", at = "line", max_line = 40, signal = CHROME,
      phrases = { "Facebook", "Twitter", "Tweet", "Email", "Print", "Pinterest", "LinkedIn",
                  "WhatsApp", "Reddit", "Google+", "Pin it", "Share", "Share on", "SMS" } },
    -- "Follow Jane Doe (@jdoe) on Twitter", "Follow me on Twitter @x", "Follow @x".
    { id = "follow_author", at = "start", max_line = 120, signal = CHROME,
      phrases = { "Follow" },
      pattern = [[^\W*Follow\b(?:.{0,70}\bon\s+(?:Twitter|Facebook|Instagram)\b.{0,40}|\s+@\w+)\s*$]],
      flags = "i" },
    -- "© 2014 Reuters", "Copyright 2014 The Associated Press. All rights reserved."
    { id = "copyright_line", at = "start", max_line = 300, signal = CHROME,
      phrases = { "Copyright", "©", "(c)" }, pattern = COPYRIGHT },
    { id = "copyright", max_line = 120, signal = CHROME,
      phrases = { "Copyright", "©", "(c)", "All rights reserved" }, pattern = COPYRIGHT },
    -- Reprint credits: not article text, but no sign of a bad page either (no signal).
    { id = "reprint_note", at = "start", max_line = 300,
      phrases = { "This article originally appeared", "This article was originally published",
                  "This article first appeared", "Originally published at", "Republished with permission",
                  "Reprinted with permission" } },
    { id = "subscribe", at = "start", max_line = 120, signal = CHROME,
      phrases = { "Subscribe", "Sign up for our newsletter", "Sign up for", "Get our newsletter" },
      pattern = [[^\W*(?:subscribe\b.*\b(?:newsletter|free|channel|updates|now|today|here|website)\b|sign up for\b.*\b(?:newsletter|updates|emails?|alerts)\b|get our newsletter)]],
      flags = "i" },
    { id = "advertisement", at = "line", max_line = 60, signal = CHROME,
      phrases = { "Advertisement", "Advertisements", "Sponsored", "Sponsored content",
                  "Story continues below advertisement", "Continue reading the main story",
                  "Ads by Adblade", "Ad", "Promoted content" } },
    { id = "video_furniture", at = "start", max_line = 100, signal = CHROME,
      phrases = { "Scroll down for video", "Scroll down for videos", "Video loading", "Play video",
                  "Please enable Javascript to watch", "Click here to watch", "Poll loading",
                  "View gallery", "View on Instagram" } },
    -- "Read more: http://...", "Read More @ Site.com", "Continue reading ..."
    { id = "read_more", at = "start", max_line = 200, signal = CHROME,
      phrases = { "Read more", "Read the full story", "Read the full article", "Continue reading",
                  "Click here to read" },
      pattern = [[^\W*(?:read|continue|click)\b.*(?:https?://|www\.|\.com\b|@|:\s*$|\bhere\b|\.\.\.\s*$)]],
      flags = "i" },
    -- WordPress post metadata: "Posted in Politics", "Tags: Syria, Russia".
    { id = "post_meta", at = "start", max_line = 200, signal = CHROME,
      phrases = { "Posted in", "Filed under", "Tags", "Tagged", "Categories" },
      pattern = [[^\W*(?:(?:posted in|filed under)\s*:?\s*[^.!?]+|(?:tags|tagged|categories)\s*:\s*\S.*)$]],
      flags = "i" },
  },
}
