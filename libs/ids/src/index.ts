export { type IdPrefix, newId } from './prefixed-id';
