/**
 * Titles and formats of the catalog's measures (`GET /api/v1/schema`), loaded once per client: the agent elements
 * format an alert's values and an anomaly's evidence like the metric it is about.
 */
import type { SchemaResponse } from '@miq/embed-api/wire';
import type { MiqClientLike } from './client.js';
import type { MemberFormat } from './wire.js';

export interface MeasureFormat {
  readonly title: string;
  readonly format: MemberFormat;
  readonly currency?: string;
}
export type MeasureFormats = ReadonlyMap<string, MeasureFormat>;

const loaded = new WeakMap<MiqClientLike, Promise<MeasureFormats>>();

/** The client's measure formats; an empty map when the catalog cannot be read (names then decide). */
export function measureFormats(client: MiqClientLike): Promise<MeasureFormats> {
  let pending = loaded.get(client);
  if (!pending) {
    pending = (client.schema ? client.schema() : Promise.reject(new Error('no schema')))
      .then((s) => {
        const schema = s as SchemaResponse;
        return new Map(
          schema.measures.map((m): [string, MeasureFormat] => [
            m.name,
            { title: m.title, format: m.format, ...(m.currency ? { currency: m.currency } : {}) },
          ]),
        );
      })
      .catch(() => {
        loaded.delete(client);
        return new Map();
      });
    loaded.set(client, pending);
  }
  return pending;
}

/** The format of a KPI member; a sum of members (`a.revenue+b.revenue`) has the first one's. */
export function formatOfMember(formats: MeasureFormats, member: string): MeasureFormat | undefined {
  return formats.get(member.split('+')[0] ?? member);
}
