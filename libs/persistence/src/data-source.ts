import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';

/** Entry point for the TypeORM CLI (npm run db:migration:generate). */
export default new DataSource(
  dataSourceOptions({ url: process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/frontdoor' }),
);
