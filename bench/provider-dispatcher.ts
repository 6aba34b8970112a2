/**
 * An undici dispatcher that sends every https://huggingface.co request to the loopback stand-in
 * and trusts its self-signed certificate (issued for huggingface.co). Any other destination
 * fails: nothing leaves the machine.
 */
import { Agent, buildConnector } from 'undici';

export const providerHostname = 'huggingface.co';

export const createProviderDispatcher = ({ port, ca }: { port: number; ca: string }) => {
  const connectTls = buildConnector({ ca });

  return new Agent({
    connect(options, callback) {
      if (options.protocol !== 'https:' || options.hostname !== providerHostname) {
        callback(
          new Error(
            `The benchmark only lets requests reach https://${providerHostname}, not ${options.protocol}//${options.hostname}`
          ),
          null
        );

        return;
      }

      connectTls(
        { ...options, hostname: '127.0.0.1', port: String(port), servername: providerHostname },
        callback
      );
    },
  });
};
