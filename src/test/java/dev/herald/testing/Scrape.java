package dev.herald.testing;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /metrics} as Prometheus reads it: each sample by its name and labels ({@code
 * herald_connections_rejected_total{reason="auth"}}), Liberty's {@code mp_scope} label left out.
 */
public record Scrape(Map<String, Double> samples, Map<String, String> types) {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  public static Scrape of(HeraldServer server) {
    HttpResponse<String> r = Http.get(server.uri("/metrics"));
    if (r.statusCode() != 200) throw new AssertionError("/metrics answered " + r.statusCode());
    return parse(r.body());
  }

  public static Scrape parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches()) throw new AssertionError("not a Prometheus sample: " + line);
      Map<String, String> labels = new TreeMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) if (!l.group(1).equals("mp_scope")) labels.put(l.group(1), l.group(2));
      }
      StringBuilder key = new StringBuilder(m.group(1));
      if (!labels.isEmpty()) {
        key.append('{');
        labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
        key.setLength(key.length() - 1);
        key.append('}');
      }
      samples.put(key.toString(), Double.parseDouble(m.group(4)));
    }
    return new Scrape(samples, types);
  }

  /** A sample's value; fails when it is not there. */
  public double value(String key) {
    Double v = samples.get(key);
    if (v == null) throw new AssertionError("no sample " + key + " in " + samples.keySet());
    return v;
  }
}
