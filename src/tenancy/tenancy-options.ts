import { configParsers as parse, type ConfigArea } from '../platform/index.js';

/** What hosts may be named, and the upload quota of a host without a plan. */
export interface TenancyConfig {
  defaultUploadQuotaMb: number;
  hostedDomain: string | undefined;
}

export const tenancyConfig: ConfigArea<TenancyConfig> = {
  options: [
    {
      key: 'defaultUploadQuotaMb',
      env: 'IMHOST_DEFAULT_UPLOAD_QUOTA_MB',
      description:
        'Upload quota, in MB of 1024 × 1024 bytes, of a host without a plan (a plan sets its own). 0: no uploads without a plan.',
      defaultValue: 100,
      parse: parse.nonNegativeInt,
    },
    {
      key: 'hostedDomain',
      env: 'IMHOST_HOSTED_DOMAIN',
      description:
        'The shared parent domain (`im.example.net`): hosts on a plan without the custom-domain entitlement must be `<label>.<this domain>`. Unset: no restriction (every plan may use any domain).',
      defaultValue: undefined,
      parse: parse.optionalDomain,
    },
  ],
};
