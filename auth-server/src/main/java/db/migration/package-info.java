/**
 * Flyway's Java migrations, for the schema changes SQL cannot make portably. Flyway finds
 * them by this package, which matches the {@code db/migration} location of the SQL ones;
 * like those, they never change once released.
 */
package db.migration;
