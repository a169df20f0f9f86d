/**
 * {@code .dockerignore} with the Docker CLI's semantics: {@link slugbuilder.dockerignore.DockerIgnore}
 * reads the file and answers what a build context leaves out and which directories its walk enters;
 * the other classes port the parts of moby's patternmatcher and Go's libraries it relies on.
 */
package slugbuilder.dockerignore;
