import type { Redis } from "ioredis";
import { SUGGESTION_REPEAT_MS, type SuggestionWindow } from "../../app/meetings/lead-suggestions";

// The repeated-suggestion window of app/meetings/lead-suggestions.ts, shared by every instance
// (issue #16): one key per meeting holding the last suggested item for SUGGESTION_REPEAT_MS,
// checked and set in one script, so 2,000 copies sent to two instances still reach the aios once.

const DELIVER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** The suggestion window in Redis. */
export function redisSuggestionWindow(redis: Redis, repeatMs = SUGGESTION_REPEAT_MS, prefix = "koers:suggestion:"): SuggestionWindow {
  return {
    async shouldDeliver(meetingId, itemId) {
      return (await redis.eval(DELIVER, 1, prefix + meetingId, itemId, repeatMs)) === 1;
    },
    async answered(meetingId) {
      await redis.del(prefix + meetingId);
    },
  };
}
