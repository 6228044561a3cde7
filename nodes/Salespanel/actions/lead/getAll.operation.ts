import { updateDisplayOptions } from 'n8n-workflow';

import { listingOperation } from '../listing';

const operation = listingOperation('leads/', true);

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['getAll'] } }, operation.description);
export const prepare = operation.prepare;
export const execute = operation.execute;
