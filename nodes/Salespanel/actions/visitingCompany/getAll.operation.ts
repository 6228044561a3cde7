import { listingOperation } from '../listing';

export const getManyVisitingCompanies = listingOperation({
	path: 'visiting-companies/',
	records: 'companies',
});
