export { photoCase } from './photo-case';
