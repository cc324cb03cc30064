import { builder } from './builder';

/** NFS and CIFS protocol versions, for listings and endpoints alike (values: the upstream strings). */
export const NfsVersionEnum = builder.enumType('NfsVersion', {
  values: {
    V3: { value: '3' },
    V4_0: { value: '4.0' },
    V4_1: { value: '4.1' },
    V4_2: { value: '4.2' },
  } as const,
});

export const CifsVersionEnum = builder.enumType('CifsVersion', {
  values: {
    V1_0: { value: '1.0' },
    V2_0: { value: '2.0' },
    V2_1: { value: '2.1' },
    V3_0: { value: '3.0' },
    V3_11: { value: '3.11' },
  } as const,
});
