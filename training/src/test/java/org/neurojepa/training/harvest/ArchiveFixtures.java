package org.neurojepa.training.harvest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.testkit.orthanc.OrthancServer;
import org.neurojepa.testkit.orthanc.StoreScu;

/**
 * Generated archives for the harvest tests: per patient one study of a T1w and a FLAIR at 2 mm
 * (fast to preprocess) and a localizer, each study on its own date.
 */
final class ArchiveFixtures {
  /** A patient and the date of their study. */
  record Patient(String id, String name, LocalDate studyDate) {}

  /** A generated series and what the harvest must make of it. */
  record Expected(Patient patient, String studyUid, String seriesUid, SeriesKind kind) {}

  private ArchiveFixtures() {}

  static List<Patient> patients(int n) {
    List<Patient> p = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      p.add(new Patient("NJH-PAT-00" + i, "HARVEST^PATIENT" + i, LocalDate.of(2024, i, 10)));
    }
    return p;
  }

  /** What was generated: the studies on disk and every series with its expectation. */
  record Archive(List<GeneratedStudy> studies, List<Expected> series) {
    List<Expected> of(SeriesKind kind) {
      return series.stream().filter(e -> e.kind() == kind).toList();
    }

    /** Stores every file in Orthanc with dcmtk's storescu (REST uploads take ≈ 45 ms each here). */
    void sendTo(OrthancServer orthanc, Path workDir) {
      for (GeneratedStudy study : studies) {
        List<Path> files = study.series().stream().flatMap(s -> s.files().stream()).toList();
        StoreScu.send(files, "127.0.0.1", orthanc.dicomPort(), orthanc.aeTitle(), workDir, Duration.ofMinutes(2));
      }
    }
  }

  /** Writes each patient's study under {@code dir}. */
  static Archive generate(Path dir, List<Patient> patients) throws IOException {
    List<GeneratedStudy> studies = new ArrayList<>();
    List<Expected> expected = new ArrayList<>();
    for (Patient p : patients) {
      GeneratedStudy study = FixtureGenerator.write(StudySpec.builder().patientId(p.id()).patientName(p.name())
          .studyDateTime(p.studyDate().atTime(9, 30))
          .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(1).build())
          .series(SeriesSpec.builder().kind(SeriesKind.FLAIR).voxelSize(2, 2, 2).seriesNumber(2).build())
          .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(3).build())
          .build(), dir.resolve(p.id()));
      studies.add(study);
      for (GeneratedSeries s : study.series()) {
        expected.add(new Expected(p, study.studyInstanceUid(), s.groundTruth().identity().seriesInstanceUid(),
            SeriesKind.parse(s.groundTruth().kind())));
      }
    }
    return new Archive(studies, expected);
  }

  /** Counts the HTTP requests an OkHttpClient sends, by kind: series archive downloads and all. */
  static final class RequestCount implements Interceptor {
    private final List<String> requests = new ArrayList<>();

    @Override
    public Response intercept(Chain chain) throws IOException {
      synchronized (requests) {
        requests.add(chain.request().method() + " " + chain.request().url().encodedPath());
      }
      return chain.proceed(chain.request());
    }

    List<String> all() {
      synchronized (requests) {
        return List.copyOf(requests);
      }
    }

    /** Requests that bring instances: series archives, instance files, NIfTI. */
    long downloads() {
      return all().stream().filter(r -> r.endsWith("/archive") || r.endsWith("/file") || r.endsWith("/nifti")).count();
    }

    OkHttpClient client() {
      return new OkHttpClient.Builder().addInterceptor(this).build();
    }
  }
}
