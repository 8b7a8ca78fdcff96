/**
 * Builds the command engine from configuration: the connector, the metric
 * options, the clock and the logger. Adapters get an Engine and nothing else.
 */
import type { Clock } from "./clock.ts";
import type { Engine } from "./commands/answer.ts";
import type { Config } from "./config.ts";
import type { Connector } from "./connectors/connector.ts";
import { sampleConnector } from "./connectors/sample/index.ts";
import type { Logger } from "./log.ts";

export function createEngine(config: Config, deps: { clock: Clock; log: Logger; connector?: Connector }): Engine {
  return {
    // Until a team's own data is configured, the embedded default is the fictional sample team, up to now.
    connector: deps.connector ?? sampleConnector(deps.clock.now()),
    options: config.metricOptions,
    clock: deps.clock,
    timeZone: config.timeZone,
    weekStartsOn: config.weekStartsOn,
    defaultPeriod: config.defaultPeriod,
    log: deps.log,
  };
}
