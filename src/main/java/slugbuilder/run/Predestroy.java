package slugbuilder.run;

import java.util.Collections;
import java.util.Map;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.appjson.Script;
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;

/**
 * app.json's {@code scripts.pr-predestroy}, run before {@code clean --volumes} removes the app's
 * data, as Heroku runs it before it destroys a review app: in a one-off dyno of the app's image,
 * with the add-on services started on their data. A failure is a warning, and the removal goes
 * ahead, as on Heroku.
 */
public final class Predestroy {
    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;

    public Predestroy(ContainerEngine engine, Console console, Cleanup cleanup) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
    }

    /**
     * Runs SCRIPT for the app of IDENTITY, with its add-ons (PLAN) and config vars (VARS), when it
     * has data to destroy and an image to run it in; says why when it does not run.
     */
    public void run(AppIdentity identity, Script script, AddonPlan plan, Map<String, String> vars) {
        if (engine.networksAndVolumes().volumes(identity.appFilter()).isEmpty()) {
            return; // no data: nothing is destroyed
        }
        String image = identity.startImage();
        if (engine.images().imageId(image).isEmpty()) {
            console.warn("pr-predestroy did not run: the app's image " + image
                    + " is gone ('slugbuilder start' builds it); the data is removed anyway");
            return;
        }
        try (Cleanup scope = cleanup.scope()) {
            AddonServices.Services services = new AddonServices(engine, console, scope).up(identity, plan);
            DynoSpecs.noteSwap(engine, console, Collections.singletonList(script.size()));
            console.step("Running pr-predestroy: " + script.command());
            int code = new OneOffDyno(
                            engine, console, scope, image, services.withUserVars(vars), Map.of(), identity, services)
                    .run(Script.PR_PREDESTROY, script.command(), script.size());
            if (code != 0) {
                console.warn("pr-predestroy failed with code " + code
                        + "; the data is removed anyway, as Heroku destroys the app all the same");
            }
        } catch (SlugbuilderException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                throw e;
            }
            console.warn("pr-predestroy could not run (" + e.getMessage() + "); the data is removed anyway");
        }
    }
}
