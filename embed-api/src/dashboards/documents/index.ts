/** The 18 dashboards of DASHBOARDS.md, one file each, in the order the demo page lists them. */
import type { DashboardDocument } from '../schema.js';
import { anomalies } from './anomalies.js';
import { audiences } from './audiences.js';
import { bidStrategy } from './bid-strategy.js';
import { budgetPacing } from './budget-pacing.js';
import { channelMix } from './channel-mix.js';
import { creative } from './creative.js';
import { dayparting } from './dayparting.js';
import { ecommerce } from './ecommerce.js';
import { emailCampaigns } from './email-campaigns.js';
import { ga4 } from './ga4.js';
import { googleAds } from './google-ads.js';
import { klaviyo } from './klaviyo.js';
import { lifecycleFlows } from './lifecycle-flows.js';
import { listGrowth } from './list-growth.js';
import { metaAds } from './meta-ads.js';
import { overview } from './overview.js';
import { searchTerms } from './search-terms.js';
import { video } from './video.js';

export const DOCUMENTS: readonly DashboardDocument[] = [
  overview,
  googleAds,
  metaAds,
  ga4,
  klaviyo,
  ecommerce,
  budgetPacing,
  bidStrategy,
  searchTerms,
  creative,
  video,
  audiences,
  dayparting,
  channelMix,
  emailCampaigns,
  lifecycleFlows,
  listGrowth,
  anomalies,
];
