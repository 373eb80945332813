import { LogRollup } from './log-rollup.entity';
import { Log } from './log.entity';

/** The tables the logs lib owns: logs and the rollups statistics read. */
export const LOG_ENTITIES = [Log, LogRollup];
