/**
 * The slug: {@link slugbuilder.slug.SlugIgnore} reads {@code .slugignore} with gitignore's
 * semantics and {@link slugbuilder.slug.SlugPacker} re-packs the engine's tar of {@code /app}
 * into Heroku's {@code slug.tgz} ({@code ./app/...}), streaming, with its SHA-256 and Heroku's
 * size limits. Engine-neutral: nothing here imports docker-java or okhttp.
 */
package slugbuilder.slug;
