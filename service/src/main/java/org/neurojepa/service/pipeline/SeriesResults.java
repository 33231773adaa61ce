package org.neurojepa.service.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.neurojepa.service.report.LabelProbability;
import org.neurojepa.preprocessing.PreprocessOutcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Preprocessing and model results per series generation, in PostgreSQL. */
@Component
public final class SeriesResults {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JdbcTemplate jdbc;

  public SeriesResults(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** What the API shows of one series generation: QC numbers, the decision, artefacts and the model run. */
  public record SeriesResult(
      String seriesUid, int generation, String studyUid, boolean preprocessAccepted, String preprocessReason,
      Double qcMutualInformation, Double qcPsnrDb, Double qcPearson, String artefactDir, String preprocessMillis,
      Instant preprocessedAt, String modelName, String modelVersion, String weightsSha256, String featuresPath,
      Instant embeddedAt, List<LabelProbability> findings) {

    public SeriesResult {
      findings = List.copyOf(findings);
    }

    public boolean embedded() {
      return modelVersion != null;
    }
  }

  /** Records preprocessing of one generation; the first record stands (a repeated job finds it and stops). */
  public void preprocessed(String studyUid, String seriesUid, int generation, PreprocessOutcome o) {
    String millis;
    try {
      millis = JSON.writeValueAsString(o.millis());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    jdbc.update("INSERT INTO series_result (series_uid, generation, study_uid, preprocess_accepted, preprocess_reason,"
            + " qc_mutual_information, qc_psnr_db, qc_pearson, artefact_dir, preprocess_millis) VALUES (?,?,?,?,?,?,?,?,?,?)"
            + " ON CONFLICT (series_uid, generation) DO NOTHING",
        seriesUid, generation, studyUid, o.accepted(), o.reason().orElse(null),
        o.qc().map(q -> q.mutualInformation()).orElse(null), o.qc().map(q -> q.psnrDb()).orElse(null),
        o.qc().map(q -> q.pearson()).orElse(null), o.artefacts().map(Object::toString).orElse(null), millis);
  }

  public void embedded(String seriesUid, int generation, EmbeddingOutcome e) {
    StringBuilder vector = new StringBuilder("{");
    for (int i = 0; i < e.pooled().length; i++) {
      vector.append(i == 0 ? "" : ",").append(e.pooled()[i]);
    }
    vector.append('}');
    ArrayNode findings = JSON.createArrayNode();
    for (LabelProbability p : e.findings()) {
      findings.addObject().put("label", p.label()).put("probability", p.probability())
          .put("operating_point", p.operatingPoint());
    }
    int n = jdbc.update("UPDATE series_result SET model_name = ?, model_version = ?, weights_sha256 = ?,"
            + " pooled = ?::real[], features_path = ?, findings = ?::jsonb, embedded_at = now()"
            + " WHERE series_uid = ? AND generation = ?",
        e.modelName(), e.version().id(), e.version().weightsSha256(), vector.toString(), e.features().toString(),
        findings.toString(), seriesUid, generation);
    if (n != 1) {
      throw new IllegalStateException("series " + seriesUid + " generation " + generation + " was never preprocessed");
    }
  }

  public Optional<SeriesResult> find(String seriesUid, int generation) {
    return jdbc.query("SELECT * FROM series_result WHERE series_uid = ? AND generation = ?", SeriesResults::result,
        seriesUid, generation).stream().findFirst();
  }

  /** Every generation of a series, latest first. */
  public List<SeriesResult> ofSeries(String seriesUid) {
    return jdbc.query("SELECT * FROM series_result WHERE series_uid = ? ORDER BY generation DESC",
        SeriesResults::result, seriesUid);
  }

  /** The stored pooled vector of one generation, if it was embedded. */
  public Optional<float[]> pooled(String seriesUid, int generation) {
    return jdbc.query("SELECT pooled FROM series_result WHERE series_uid = ? AND generation = ? AND pooled IS NOT NULL",
        (rs, row) -> {
          Object[] values = (Object[]) rs.getArray(1).getArray();
          float[] v = new float[values.length];
          for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) values[i]).floatValue();
          }
          return v;
        }, seriesUid, generation).stream().findFirst();
  }

  private static SeriesResult result(ResultSet rs, int row) throws SQLException {
    return new SeriesResult(rs.getString("series_uid"), rs.getInt("generation"), rs.getString("study_uid"),
        rs.getBoolean("preprocess_accepted"), rs.getString("preprocess_reason"), number(rs, "qc_mutual_information"),
        number(rs, "qc_psnr_db"), number(rs, "qc_pearson"), rs.getString("artefact_dir"),
        rs.getString("preprocess_millis"), instant(rs.getTimestamp("preprocessed_at")), rs.getString("model_name"),
        rs.getString("model_version"), rs.getString("weights_sha256"), rs.getString("features_path"),
        instant(rs.getTimestamp("embedded_at")), findings(rs.getString("findings")));
  }

  private static List<LabelProbability> findings(String json) throws SQLException {
    if (json == null) {
      return List.of();
    }
    try {
      List<LabelProbability> out = new java.util.ArrayList<>();
      for (JsonNode n : JSON.readTree(json)) {
        out.add(new LabelProbability(n.path("label").asText(), n.path("probability").asDouble(),
            n.path("operating_point").asDouble()));
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new SQLException("series_result.findings is not the findings JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Double number(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
