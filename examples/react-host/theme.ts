/**
 * The host app's own theme, handed to the widgets as Marketing IQ design tokens (`--miq-*` CSS custom properties) on an
 * ancestor element, so the embedded dashboard looks like the rest of the app in light and dark mode.
 */
import type { CSSProperties } from 'react';

export type HostThemeName = 'light' | 'dark';

/** The brand colours of the (fictional) host, "Acme Analytics". */
export const HOST_THEMES: Readonly<Record<HostThemeName, Readonly<Record<string, string>>>> = {
  light: {
    '--host-brand': '#5b21b6',
    '--host-background': '#faf7ff',
    '--host-text': '#1f1235',
    '--miq-color-accent': '#5b21b6',
    '--miq-color-background': '#faf7ff',
    '--miq-color-surface': '#ffffff',
    '--miq-color-text': '#1f1235',
    '--miq-color-series-1': '#5b21b6',
    '--miq-color-series-2': '#db2777',
    '--miq-font-family': 'system-ui, sans-serif',
    '--miq-radius-m': '12px',
  },
  dark: {
    '--host-brand': '#2e1065',
    '--host-background': '#120a1f',
    '--host-text': '#ede9fe',
    '--miq-color-accent': '#c4b5fd',
    '--miq-color-background': '#120a1f',
    '--miq-color-surface': '#1e1233',
    '--miq-color-text': '#ede9fe',
    '--miq-color-series-1': '#c4b5fd',
    '--miq-color-series-2': '#f9a8d4',
    '--miq-font-family': 'system-ui, sans-serif',
    '--miq-radius-m': '12px',
  },
};

/** React's `style` prop typing has no custom properties; they are plain strings here. */
export function themeStyle(name: HostThemeName): CSSProperties {
  return HOST_THEMES[name] as CSSProperties;
}
