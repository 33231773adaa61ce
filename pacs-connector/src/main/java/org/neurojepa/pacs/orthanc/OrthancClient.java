package org.neurojepa.pacs.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.neurojepa.pacs.orthanc.OrthancException.Kind;
import org.neurojepa.pacs.orthanc.internal.OrthancJson;
import org.neurojepa.pacs.orthanc.internal.Transport;

/**
 * A client for one Orthanc server's REST API: system information, the change feed, finding
 * studies and series, downloading instances and series archives, uploading instances, and asking
 * Orthanc to query, retrieve from, send to and echo DICOM modalities.
 *
 * <p>Every failure is an {@link OrthancException} whose {@link OrthancException#kind() kind} tells
 * wrong credentials, a server that is down, an unknown resource and a timeout apart. GETs (and
 * {@code /tools/find}, which changes nothing) are sent again after a refused connection or a 5xx
 * answer, {@link Builder#retries(int) retries} times with a doubling back-off.
 *
 * <p>Thread-safe. {@link #close()} releases the connections and threads of the HTTP client when
 * this client created it.
 */
public final class OrthancClient implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final MediaType DICOM = MediaType.get("application/dicom");

  private final HttpUrl baseUrl;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final Transport transport;
  private final ObjectMapper json = new ObjectMapper();

  private OrthancClient(Builder b) {
    this.baseUrl = b.baseUrl;
    OkHttpClient.Builder hb = b.httpClient != null ? b.httpClient.newBuilder() : new OkHttpClient.Builder();
    this.http =
        hb.connectTimeout(b.connectTimeout).readTimeout(b.readTimeout).writeTimeout(b.readTimeout).build();
    this.ownsHttp = b.httpClient == null;
    String authorization = b.user == null ? null : Credentials.basic(b.user, b.password);
    this.transport = new Transport(http, authorization, b.retries, b.retryBackoff, json);
  }

  /**
   * Starts a client for the Orthanc at {@code baseUrl}, e.g. {@code http://127.0.0.1:8042/}. A base
   * URL with a path (Orthanc behind a reverse proxy, {@code https://host/orthanc/}) is kept.
   */
  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** {@code GET /system}: name, version, DICOM AE title and port. */
  public OrthancSystem system() {
    return getJson(url("system"), OrthancJson::system);
  }

  /**
   * {@code GET /changes?since=…&limit=…}: the changes after sequence number {@code since} (0 from
   * the start), at most {@code limit} of them (Orthanc caps this at 100). Pass the page's
   * {@link ChangePage#last()} as the next {@code since}.
   */
  public ChangePage changes(long since, int limit) {
    if (since < 0 || limit < 1) {
      throw new IllegalArgumentException("since must be ≥ 0 and limit ≥ 1: since=" + since + " limit=" + limit);
    }
    HttpUrl u = url("changes").newBuilder()
        .addQueryParameter("since", Long.toString(since))
        .addQueryParameter("limit", Integer.toString(limit))
        .build();
    return getJson(u, OrthancJson::changes);
  }

  /**
   * The sequence number of the newest change ({@code GET /changes?last}), to follow the feed from
   * now on without replaying history.
   */
  public long lastChangeSeq() {
    HttpUrl u = url("changes").newBuilder().addQueryParameter("last", null).build();
    return getJson(u, n -> n.path("Last").asLong(0));
  }

  /** A follower of the change feed that starts after sequence number {@code since} (0: from the start). */
  public ChangeFeed followChanges(long since) {
    return new ChangeFeed(this, since);
  }

  /** A follower of the change feed that starts now: only changes after this call are returned. */
  public ChangeFeed followChangesFromNow() {
    return new ChangeFeed(this, lastChangeSeq());
  }

  /** Studies that match {@code query} ({@code POST /tools/find}, Level Study, expanded). */
  public List<OrthancStudy> findStudies(FindQuery query) {
    return find(ResourceLevel.STUDY, query, OrthancJson::study);
  }

  /** Series that match {@code query} ({@code POST /tools/find}, Level Series, expanded). */
  public List<OrthancSeries> findSeries(FindQuery query) {
    return find(ResourceLevel.SERIES, query, OrthancJson::series);
  }

  /** All studies of a patient (by DICOM PatientID). */
  public List<OrthancStudy> studiesOfPatient(String patientId) {
    return findStudies(FindQuery.builder().patientId(patientId).build());
  }

  private <T> List<T> find(ResourceLevel level, FindQuery query, Function<JsonNode, T> reader) {
    ObjectNode body = json.createObjectNode();
    body.put("Level", level.orthancName());
    body.put("Expand", true);
    ObjectNode q = body.putObject("Query");
    query.toQuery(level).forEach(q::put);
    if (query.limit() > 0) {
      body.put("Limit", query.limit());
    }
    Request request = new Request.Builder().url(url("tools", "find")).post(jsonBody(body)).build();
    // /tools/find only reads: as safe to repeat as a GET.
    return readJson(request, true, n -> OrthancJson.list(n, reader));
  }

  /** {@code GET /studies/{id}}. */
  public OrthancStudy study(String studyId) {
    return getJson(url("studies", studyId), OrthancJson::study);
  }

  /** {@code GET /series/{id}}. */
  public OrthancSeries series(String seriesId) {
    return getJson(url("series", seriesId), OrthancJson::series);
  }

  /** {@code GET /studies/{id}/series}: the series of a study. */
  public List<OrthancSeries> seriesOfStudy(String studyId) {
    return getJson(url("studies", studyId, "series"), n -> OrthancJson.list(n, OrthancJson::series));
  }

  /** {@code GET /series/{id}/instances}: the instances of a series. */
  public List<OrthancInstance> instancesOfSeries(String seriesId) {
    return getJson(url("series", seriesId, "instances"), n -> OrthancJson.list(n, OrthancJson::instance));
  }

  /** {@code GET /instances/{id}}. */
  public OrthancInstance instance(String instanceId) {
    return getJson(url("instances", instanceId), OrthancJson::instance);
  }

  /**
   * Downloads the DICOM file of an instance, as Orthanc stored it, to {@code target}. The bytes go
   * to a temporary file next to it that is renamed into place once complete, so {@code target}
   * never holds a partial file; an existing {@code target} is replaced.
   */
  public Path downloadInstance(String instanceId, Path target) {
    return download(url("instances", instanceId, "file"), target);
  }

  /** Downloads a series as a zip archive ({@code GET /series/{id}/archive}), written like {@link #downloadInstance}. */
  public Path downloadSeriesArchive(String seriesId, Path target) {
    return download(url("series", seriesId, "archive"), target);
  }

  private Path download(HttpUrl u, Path target) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Request request = new Request.Builder().url(u).get().build();
    return transport.execute(request, true, (response, body) -> {
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, "." + absolute.getFileName(), ".part");
      try {
        try (InputStream in = body.byteStream()) {
          Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return absolute;
      } finally {
        Files.deleteIfExists(partial);
      }
    });
  }

  /** Uploads one DICOM file ({@code POST /instances}). Orthanc answers 400 for a file it cannot parse. */
  public UploadResult upload(Path dicomFile) {
    if (!Files.isRegularFile(dicomFile)) {
      throw new IllegalArgumentException("no DICOM file at " + dicomFile);
    }
    Request request =
        new Request.Builder().url(url("instances")).post(RequestBody.create(dicomFile.toFile(), DICOM)).build();
    return readJson(request, false, OrthancJson::upload);
  }

  /** Uploads one DICOM file held in memory. */
  public UploadResult upload(byte[] dicom) {
    Request request = new Request.Builder().url(url("instances")).post(RequestBody.create(dicom, DICOM)).build();
    return readJson(request, false, OrthancJson::upload);
  }

  /**
   * Asks Orthanc to C-ECHO a modality it knows ({@code POST /modalities/{name}/echo}). Returns
   * false when the modality did not answer the echo; an unknown modality name is a
   * {@link Kind#NOT_FOUND} error.
   */
  public boolean echo(String modality) {
    Request request =
        new Request.Builder().url(url("modalities", modality, "echo")).post(jsonBody(json.createObjectNode())).build();
    try {
      transport.execute(request, false, (response, body) -> null);
      return true;
    } catch (OrthancException e) {
      // Orthanc reports a failed association or echo as 500 with a DICOM network error.
      if (e.kind() == Kind.HTTP_ERROR && e.httpStatus() == 500) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Runs a C-FIND against a modality ({@code POST /modalities/{name}/query}) and returns the query
   * Orthanc keeps, with its answers.
   *
   * @param query DICOM keyword to matching value, e.g. {@code StudyInstanceUID → 1.2.3}; the keywords
   *     the answers should carry are passed with an empty value
   */
  public RemoteQuery query(String modality, ResourceLevel level, Map<String, String> query) {
    if (level == ResourceLevel.PATIENT && query.isEmpty()) {
      throw new IllegalArgumentException("an empty patient-level query would list the whole remote archive");
    }
    ObjectNode body = json.createObjectNode();
    body.put("Level", level.orthancName());
    ObjectNode q = body.putObject("Query");
    query.forEach(q::put);
    Request request = new Request.Builder().url(url("modalities", modality, "query")).post(jsonBody(body)).build();
    String id = readJson(request, false, n -> text(n, "ID"));
    HttpUrl answers = url("queries", id, "answers").newBuilder()
        .addQueryParameter("expand", null).addQueryParameter("simplify", null).build();
    List<Map<String, String>> found = getJson(answers, n -> OrthancJson.list(n, OrthancJson::answer));
    return new RemoteQuery(id, modality, level, found);
  }

  /**
   * Retrieves every answer of {@code query} by C-MOVE to {@code targetAet} ({@code POST
   * /queries/{id}/retrieve}, synchronous): with Orthanc's own AE title the resources land in
   * Orthanc.
   */
  public void retrieve(RemoteQuery query, String targetAet) {
    ObjectNode body = json.createObjectNode();
    body.put("TargetAet", nonBlank(targetAet, "targetAet"));
    body.put("Synchronous", true);
    Request request = new Request.Builder().url(url("queries", query.id(), "retrieve")).post(jsonBody(body)).build();
    transport.execute(request, false, (response, b) -> null);
  }

  /**
   * Asks a modality to C-MOVE resources to {@code targetAet} ({@code POST /modalities/{name}/move},
   * synchronous), without a C-FIND first.
   *
   * @param identifiers the unique keys of the resource, e.g. {@code StudyInstanceUID → 1.2.3}
   */
  public void move(String modality, ResourceLevel level, Map<String, String> identifiers, String targetAet) {
    if (identifiers.isEmpty()) {
      throw new IllegalArgumentException("a C-MOVE needs the identifiers of what to move");
    }
    ObjectNode body = json.createObjectNode();
    body.put("Level", level.orthancName());
    ArrayNode resources = body.putArray("Resources");
    ObjectNode resource = resources.addObject();
    identifiers.forEach(resource::put);
    body.put("TargetAet", nonBlank(targetAet, "targetAet"));
    body.put("Synchronous", true);
    Request request = new Request.Builder().url(url("modalities", modality, "move")).post(jsonBody(body)).build();
    transport.execute(request, false, (response, b) -> null);
  }

  /**
   * Sends resources (patients, studies, series or instances, by Orthanc ID) to a modality by
   * C-STORE ({@code POST /modalities/{name}/store}, synchronous).
   */
  public StoreResult store(String modality, List<String> resourceIds) {
    if (resourceIds.isEmpty()) {
      throw new IllegalArgumentException("nothing to send to " + modality);
    }
    ObjectNode body = json.createObjectNode();
    ArrayNode resources = body.putArray("Resources");
    resourceIds.forEach(resources::add);
    body.put("Synchronous", true);
    Request request = new Request.Builder().url(url("modalities", modality, "store")).post(jsonBody(body)).build();
    return readJson(request, false, OrthancJson::store);
  }

  /**
   * Releases the HTTP client's idle connections and its dispatcher threads, when this client
   * created it. A shared {@code OkHttpClient} passed to the builder stays with its owner.
   */
  @Override
  public void close() {
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "OrthancClient[" + baseUrl + "]";
  }

  private <T> T getJson(HttpUrl u, Function<JsonNode, T> reader) {
    return readJson(new Request.Builder().url(u).get().build(), true, reader);
  }

  private <T> T readJson(Request request, boolean idempotent, Function<JsonNode, T> reader) {
    JsonNode node = transport.executeJson(request, idempotent);
    try {
      return reader.apply(node);
    } catch (IllegalArgumentException e) {
      throw new OrthancException(
          Kind.INVALID_RESPONSE, request.method(), request.url().toString(), 200, "", node.toString(), 1, e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return v.asText();
  }

  private RequestBody jsonBody(JsonNode body) {
    try {
      return RequestBody.create(json.writeValueAsBytes(body), JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder b = baseUrl.newBuilder();
    for (String s : segments) {
      b.addPathSegment(nonBlank(s, "path segment"));
    }
    return b.build();
  }

  private static String nonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** Settings of a client; every one has a default except the base URL. */
  public static final class Builder {
    private final HttpUrl baseUrl;
    private String user;
    private String password;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(60);
    private int retries = 2;
    private Duration retryBackoff = Duration.ofMillis(500);
    private OkHttpClient httpClient;

    private Builder(String baseUrl) {
      HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
      if (parsed == null) {
        throw new IllegalArgumentException("not an http(s) URL: '" + baseUrl + "'");
      }
      if (parsed.query() != null || parsed.fragment() != null) {
        throw new IllegalArgumentException("the Orthanc base URL takes no query or fragment: '" + baseUrl + "'");
      }
      // A path prefix (Orthanc behind a reverse proxy) is kept; segments are appended to it.
      this.baseUrl = parsed;
    }

    /** HTTP Basic credentials (Orthanc's RegisteredUsers); none by default. */
    public Builder credentials(String user, String password) {
      this.user = nonBlank(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** How long to wait for a TCP connection; default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long to wait for each read (and write) on the connection; default 60 s. Synchronous
     * C-MOVE and C-STORE requests keep the connection quiet until Orthanc has finished, so this
     * bounds them too.
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** How many times an idempotent request is sent again after a refused connection or 5xx; default 2. */
    public Builder retries(int retries) {
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("retries must be 0 to 10: " + retries);
      }
      this.retries = retries;
      return this;
    }

    /** Wait before the first retry, doubled for each further one (capped at 10 s); default 500 ms. */
    public Builder retryBackoff(Duration backoff) {
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("retryBackoff must not be negative: " + backoff);
      }
      this.retryBackoff = backoff;
      return this;
    }

    /**
     * Shares the connection pool and dispatcher of an existing OkHttpClient (its owner closes it);
     * by default the client makes its own and releases it on {@link OrthancClient#close()}.
     */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    public OrthancClient build() {
      return new OrthancClient(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
