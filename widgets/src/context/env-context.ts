/**
 * Contexts shared by a `<miq-dashboard>` with the panels inside it: the client and display settings, and the
 * dashboard's filter state. A standalone element falls back to its own attributes.
 */
import { createContext } from '@lit/context';
import type { MiqClientLike } from '../internal/client.js';
import type { FilterState } from './filter-state.js';

export type ThemeSetting = 'light' | 'dark' | 'auto';
export type ResolvedTheme = 'light' | 'dark';

export interface MiqEnv {
  readonly client: MiqClientLike | null;
  readonly locale: string;
  readonly currency?: string;
  readonly timeZone?: string;
  readonly theme: ResolvedTheme;
}

export const envContext = createContext<MiqEnv | undefined>(Symbol('miq-env'));
export const filterStateContext = createContext<FilterState | undefined>(Symbol('miq-filter-state'));
