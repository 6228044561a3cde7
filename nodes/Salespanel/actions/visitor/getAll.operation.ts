import { listingOperation } from '../listing';

export const getManyVisitors = listingOperation({ path: 'visitors/', records: 'visitors' });
