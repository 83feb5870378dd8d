import type { ScenarioSpec } from "./driver";

/**
 * The scenarios of issue 7. `quick` shrinks them for CI and dev loops; the shape
 * (in-flight count, rates, latencies) stays the same.
 */
export function scenarios(quick: boolean): ScenarioSpec[] {
  return [
    {
      name: "closed-loop",
      title: "Max throughput: closed loop, 64 in flight",
      kind: "closed",
      inFlight: 64,
      messages: quick ? 2_000 : 20_000,
      maxWallS: quick ? 30 : 120,
      drainS: 10,
      replyTimeoutS: 10,
      mock: {},
    },
    {
      name: "fixed-rate",
      title: "Fixed rate: 500 msg/s",
      kind: "open",
      rate: 500,
      durationS: quick ? 5 : 20,
      maxWallS: quick ? 10 : 30,
      drainS: 10,
      replyTimeoutS: 10,
      mock: {},
    },
    {
      name: "realistic",
      title: "Realistic: 200 msg/s, provider latency 80–120 ms, 3 status webhooks per reply",
      kind: "open",
      rate: 200,
      durationS: quick ? 5 : 20,
      maxWallS: quick ? 10 : 30,
      drainS: 10,
      replyTimeoutS: 10,
      mock: { latencyMs: [80, 120], statuses: true },
    },
  ];
}

/** Not part of the default run (`--scenario faults`): provider errors, timeouts and redelivered webhooks. */
export function faultScenario(quick: boolean): ScenarioSpec {
  return {
    name: "faults",
    title: "Faults: 200 msg/s, 5 % of sends 500, 0.5 % time out, 2 % of webhooks delivered twice",
    kind: "open",
    rate: 200,
    durationS: quick ? 5 : 20,
    maxWallS: quick ? 10 : 30,
    // A held send is dropped after 20 s, the app's own send timeout is 15 s, then it retries.
    drainS: 45,
    replyTimeoutS: 45,
    mock: { latencyMs: [20, 60], statuses: true, failRate: 0.05, timeoutRate: 0.005, timeoutHoldMs: 20_000 },
    redeliver: 0.02,
  };
}

export function warmupScenario(messages: number): ScenarioSpec {
  return { name: "warmup", title: "Warm-up (not reported)", kind: "closed", inFlight: 16, messages, maxWallS: 60, drainS: 10, replyTimeoutS: 10, mock: {} };
}
