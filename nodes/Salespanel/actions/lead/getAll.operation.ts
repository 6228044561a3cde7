import { listingOperation } from '../listing';

/** Leads are identified visitors: the reference lists them as visitor objects, so Simplify applies. */
export const getManyLeads = listingOperation({ path: 'leads/', records: 'visitors' });
