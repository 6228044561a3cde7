import type { IDataObject } from 'n8n-workflow';

/** Keys are cut to a bounded length, so a hostile record cannot make the stored state large. */
export const MAX_KEY_LENGTH = 300;

const bounded = (key: string) => key.slice(0, MAX_KEY_LENGTH);

/** A visitor or lead: its contact ID. */
export const contactKey = (item: IDataObject): string | undefined =>
	typeof item.contact_id === 'string' && item.contact_id !== ''
		? bounded(item.contact_id.toLowerCase())
		: undefined;

/** Visiting companies have no ID: the domain identifies them, else the name. */
export function companyKey(item: IDataObject): string | undefined {
	const domain = typeof item.domain === 'string' ? item.domain.trim().toLowerCase() : '';
	if (domain !== '') return bounded(domain);
	const name = typeof item.name === 'string' ? item.name.trim().toLowerCase() : '';
	return name !== '' ? bounded(`name:${name}`) : undefined;
}
