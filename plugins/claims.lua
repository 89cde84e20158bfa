-- claims.lua — what is claimed, by whom, and how it is hedged.
--
-- Patterns are PCRE2 regular expressions matched on each sentence of the
-- normalized text (straight quotes, "-" for dashes, single spaces). Named
-- groups become fields of the claim: `content` is the claim itself,
-- `speaker` who made it, `cue` the verb of saying, `number` a quantity.

local name = [[(?:[A-Z][\w'-]*(?:\s+(?:al-|de\s+|von\s+)?[A-Z][\w'-]*){0,3})]]
local say = [[(?:said|says|told|added|warned|claimed|stated)]]

return {
  patterns = {
    { id = "quote_then_speaker", kind = "quote",
      pattern = [["(?<content>[^"]{10,})"\s*,?\s*(?<cue>]] .. say .. [[)\s+(?:the\s+)?(?<speaker>]] .. name .. [[)]] },
    { id = "speaker_said_quote", kind = "quote",
      pattern = [[(?<speaker>(?:A|An|The)\s+[\w\s-]{3,40}?|]] .. name .. [[)\s+(?<cue>]] .. say .. [[):\s*"(?<content>[^"]{10,})"]] },
    { id = "said_that", kind = "quote",
      pattern = [[(?<speaker>]] .. name .. [[)\s+(?<cue>]] .. say .. [[)\s+(?:that\s+)?(?<content>[^"].{10,})]] },
    { id = "according_to", kind = "quote",
      pattern = [[(?<content>.{10,}?),?\s+(?<cue>according to)\s+(?<speaker>]] .. name .. [[)]] },
    { id = "killed_number", kind = "number",
      pattern = [[(?<content>(?:killed|killing|identified)\s+(?<qualifier>at least|more than|about|nearly|some)?\s*(?<number>\d[\d,.]*)\s+(?<unit>people|individuals|civilians|soldiers|fighters)(?:\s+killed)?)]] },
  },
  hedges = {
    "allegedly", "reportedly", "claimed", "claims", "purportedly", "apparently",
    "could not be verified", "not possible to immediately verify", "unconfirmed",
    "a source said", "sources said", "a security source",
  },
}
