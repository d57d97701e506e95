package dev.herald.inserver;

import dev.herald.testing.RecordingWire;
import dev.herald.testing.SseEvent;
import dev.herald.testing.SseParser;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The packaged Herald WAR as built, plus the test's own beans and resource: no hand-listed
 * production classes.
 */
final class Deployments {
  private Deployments() {}

  static WebArchive heraldWithTestSources() {
    return ShrinkWrap.create(ZipImporter.class, "herald.war")
        .importFrom(new File("target/herald.war"))
        .as(WebArchive.class)
        .addClasses(
            Deployments.class,
            PushSource.class,
            TickerSource.class,
            OrdersResource.class,
            RecordingWire.class,
            SseParser.class,
            SseEvent.class);
  }
}
