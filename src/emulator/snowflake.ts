const discordEpoch = 1_420_070_400_000n;

/** Snowflake ids like Discord's: time-ordered, unique within this process. */
export function createSnowflakeGenerator(now: () => number = Date.now): () => string {
  let last = 0n;
  return () => {
    let id = (BigInt(now()) - discordEpoch) << 22n;
    if (id <= last) id = last + 1n;
    last = id;
    return String(id);
  };
}
