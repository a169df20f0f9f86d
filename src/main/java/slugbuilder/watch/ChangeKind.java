package slugbuilder.watch;

/** What a changed file asks of the running app, from the least to the most work. */
public enum ChangeKind {
    /** A source file: copied into the dynos, which restart; no build. */
    SOURCE,
    /** .env, Procfile, app.json: the processes are recreated with the new config, the add-ons as app.json says. */
    CONFIG,
    /** A dependency manifest (or a source the platform compiles, a deleted file): the app image is rebuilt. */
    IMAGE,
    /** The Dockerfile: the base image and the app image are rebuilt. */
    FULL
}
