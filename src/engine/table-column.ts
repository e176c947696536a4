import { Directive, Field, ObjectType } from 'type-graphql';
import type { EngineColumn } from './engine';

/** The one column type of the API: discovered tables, datasets and query results all use it. */
@Directive('@shareable')
@ObjectType({ description: 'A column of a table or a query result.' })
export class TableColumn implements EngineColumn {
  @Field(() => String, { description: 'Column name.' })
  name!: string;
  @Field(() => String, { description: 'SQL type as the source or engine names it (BIGINT, VARCHAR, DOUBLE, TIMESTAMP, …).' })
  dataType!: string;
  @Field(() => Boolean, { description: 'Whether it may hold NULL.' })
  nullable!: boolean;
}
