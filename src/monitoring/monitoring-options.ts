import { hostname } from 'node:os';
import { configParsers as parse, type ConfigArea } from '../platform/index.js';

/** The options of the per-host monitoring that customers and staff see. */
export interface MonitoringConfig {
  nodeId: string;
}

export const monitoringConfig: ConfigArea<MonitoringConfig> = {
  options: [
    {
      key: 'nodeId',
      env: 'IMHOST_NODE_ID',
      description:
        "This node's name in the per-host figures it records; several nodes on one database need different names.",
      defaultValue: () => hostname(),
      defaultText: "the machine's host name",
      parse: parse.string,
    },
  ],
};
