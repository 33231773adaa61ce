package org.neurojepa.service.report;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurojepa.fhir.delivery.DeadLetter;
import org.neurojepa.fhir.delivery.Delivered;
import org.neurojepa.fhir.delivery.DeliveryOutcome;
import org.neurojepa.service.pipeline.Job;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The record of every deliver job run (table {@code fhir_delivery}), for the admin API. */
@Component
public final class Deliveries {
  private final JdbcTemplate jdbc;

  public Deliveries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Records how one run of {@code job} delivering {@code report} to {@code baseUrl} ended. */
  public void record(Job job, Reports.StoredReport report, String baseUrl, DeliveryOutcome outcome, String detail) {
    String kind;
    boolean alreadyThere = false;
    String location = null;
    if (outcome instanceof Delivered d) {
      kind = "delivered";
      alreadyThere = d.wasRepeat();
      location = d.entries().stream().filter(e -> e.resourceType().equals("DiagnosticReport")).findFirst()
          .map(e -> e.location()).orElse(null);
    } else {
      kind = ((DeadLetter) outcome).cause().name().toLowerCase(Locale.ROOT);
    }
    jdbc.update("INSERT INTO fhir_delivery (report_id, study_uid, job_id, job_attempt, target, http_attempts, outcome,"
            + " already_there, location, detail) VALUES (?,?,?,?,?,?,?,?,?,?)",
        report.id(), report.studyUid(), job.id(), job.attempts(), withoutUserInfo(baseUrl), outcome.attempts(), kind,
        alreadyThere, location, detail);
  }

  /** Deliveries matching {@code filter}, newest first, with their job's current state. */
  public List<Delivery> list(DeliveryFilter filter) {
    StringBuilder sql = new StringBuilder("SELECT d.*, r.report_identifier, j.state AS job_state FROM fhir_delivery d"
        + " JOIN reports r ON r.id = d.report_id LEFT JOIN job j ON j.id = d.job_id WHERE true");
    List<Object> args = new ArrayList<>();
    filter.studyUid().ifPresent(v -> { sql.append(" AND d.study_uid = ?"); args.add(v); });
    filter.reportId().ifPresent(v -> { sql.append(" AND d.report_id = ?"); args.add(v); });
    filter.outcome().ifPresent(v -> { sql.append(" AND d.outcome = ?"); args.add(v); });
    filter.beforeId().ifPresent(v -> { sql.append(" AND d.id < ?"); args.add(v); });
    sql.append(" ORDER BY d.id DESC LIMIT ?");
    args.add(filter.limit());
    return jdbc.query(sql.toString(), Deliveries::delivery, args.toArray());
  }

  private static Delivery delivery(ResultSet rs, int row) throws SQLException {
    long jobId = rs.getLong("job_id");
    Long job = rs.wasNull() ? null : jobId;
    return new Delivery(rs.getLong("id"), rs.getLong("report_id"), rs.getString("report_identifier"),
        rs.getString("study_uid"), rs.getString("target"), rs.getTimestamp("at").toInstant(), job,
        rs.getInt("job_attempt"), rs.getString("job_state"), rs.getInt("http_attempts"), rs.getString("outcome"),
        rs.getBoolean("already_there"), rs.getString("location"), rs.getString("detail"));
  }

  /** A base URL may carry credentials ({@code https://user:secret@host/fhir}); they are not kept. */
  static String withoutUserInfo(String url) {
    try {
      URI u = new URI(url);
      if (u.getUserInfo() == null) {
        return url;
      }
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment())
          .toString();
    } catch (URISyntaxException e) {
      return url.replaceAll("//[^/@]*@", "//");
    }
  }
}
