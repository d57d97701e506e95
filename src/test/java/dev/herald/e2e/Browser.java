package dev.herald.e2e;

import dev.herald.testing.Await;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver, both named explicitly so that
 * nothing ever downloads a browser or a driver. One browser holds one profile: its tabs share
 * cookies, shared workers and locks, as a user's tabs of one origin do.
 */
final class Browser implements AutoCloseable {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final Duration POLL = Duration.ofMillis(100);

  private final ChromeDriver driver;
  private final Path profile;
  private final List<Tab> tabs = new ArrayList<>();

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static Browser start() {
    try {
      Path profile = Files.createTempDirectory("herald-chromium");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      // CI runs as root, where Chromium's sandbox cannot start.
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-dev-shm-usage",
          "--no-first-run",
          "--window-size=1280,1100",
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File(CHROMEDRIVER))
              .usingAnyFreePort()
              .build();
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens {@code page} in a new tab (the browser's first tab for the first page). */
  synchronized Tab open(URI page) {
    String handle;
    if (tabs.isEmpty() && driver.getWindowHandles().size() == 1 && blank()) {
      handle = driver.getWindowHandle();
    } else {
      handle = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
    }
    driver.switchTo().window(handle);
    driver.get(page.toString());
    Tab t = new Tab(handle);
    tabs.add(t);
    return t;
  }

  private boolean blank() {
    String url = driver.getCurrentUrl();
    return url == null || url.startsWith("about:blank") || url.startsWith("data:");
  }

  /** Closes every tab but one blank one, so the next test starts from a browser with no pages. */
  synchronized void closeTabs() {
    for (Tab t : List.copyOf(tabs)) if (tabs.size() > 1) t.close();
    if (!tabs.isEmpty()) {
      Tab last = tabs.get(0);
      driver.switchTo().window(last.handle);
      driver.get("about:blank");
      tabs.clear();
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temporary directory; the system cleans it eventually
    }
  }

  /** One tab of the browser: scripts run in its page. */
  final class Tab {
    private final String handle;

    private Tab(String handle) {
      this.handle = handle;
    }

    /** Runs {@code script} (a function body: {@code return ...}) in this tab's page. */
    Object eval(String script, Object... args) {
      synchronized (Browser.this) {
        driver.switchTo().window(handle);
        return ((JavascriptExecutor) driver).executeScript(script, args);
      }
    }

    long count(String expression) {
      return ((Number) eval("return " + expression + ";")).longValue();
    }

    /** Waits, bounded, until {@code condition} (a JavaScript expression) is true in the page. */
    void await(String what, String condition, Duration timeout) {
      Await.polling(
          what, timeout, POLL, () -> Boolean.TRUE.equals(eval("return !!(" + condition + ");")));
    }

    /** Clicks the element with this id. */
    void click(String id) {
      synchronized (Browser.this) {
        driver.switchTo().window(handle);
        driver.findElement(By.id(id)).click();
      }
    }

    /** Types into the input with this id, replacing what it held. */
    void type(String id, String text) {
      synchronized (Browser.this) {
        driver.switchTo().window(handle);
        var field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
      }
    }

    /** Saves a picture of the tab as it is now. */
    void screenshot(Path file) {
      synchronized (Browser.this) {
        driver.switchTo().window(handle);
        try {
          Files.createDirectories(file.toAbsolutePath().getParent());
          Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    void close() {
      synchronized (Browser.this) {
        driver.switchTo().window(handle);
        driver.close();
        tabs.remove(this);
        String other = driver.getWindowHandles().stream().findFirst().orElse(null);
        if (other != null) driver.switchTo().window(other);
      }
    }
  }
}
