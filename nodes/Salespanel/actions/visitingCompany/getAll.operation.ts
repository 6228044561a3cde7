import { updateDisplayOptions } from 'n8n-workflow';

import { listingOperation } from '../listing';

const operation = listingOperation('visiting-companies/', false);

export const description = updateDisplayOptions({ show: { resource: ['visitingCompany'], operation: ['getAll'] } }, operation.description);
export const prepare = operation.prepare;
export const execute = operation.execute;
