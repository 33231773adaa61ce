package org.neurojepa.preprocessing.series;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keywords vendors and sites put in SeriesDescription, ProtocolName and SequenceName. Names are
 * lower-cased and every run of characters other than letters, digits, '+' and '*' becomes one
 * space, so "t2_spc_da-fl_sag" reads " t2 spc da fl sag ".
 */
final class NameKeywords {
  static final Pattern LOCALIZER = words("locali[sz]er|localizador|scout|aahead scout|survey|surv|smartbrain"
      + "|3 ?plane|tri ?plane|3pl|loc|plane loc|aascout|autoalign"
      // Coil and parallel-imaging calibration scans are set aside with the scouts.
      + "|calibration|cal|asset cal\\w*|coil ?survey|sense ?ref\\w*|refscan|prescan|pure cal");
  static final Pattern DIFFUSION = words("dwi|dti|diff\\w*|diffusion|adc|e?adc|trace\\w*|tensor|colfa|b0|b1000"
      + "|ep2d diff|resolve|isodwi|isotropic|dwi\\w*|dadc|apparent diffusion");
  /** Philips' SWIp, but also its "sWIP" (SENSE work-in-progress) prefix on any protocol. */
  static final Pattern SWIP = words("swip");
  static final Pattern SWI = words("swi|swan|venobold|veno bold|susceptib\\w*|minip|mnip|min ip|pha swi");
  static final Pattern PERFUSION = words("perf\\w*|dsc|dce|asl|pcasl|pasl|casl|3d asl|cbf|rcbv|rcbf|cbv|mtt|ttp"
      + "|tdm|twist dyn|relcbf");
  static final Pattern FUNCTIONAL = words("bold|fmri|rest|resting|rs ?fmri|ep2d bold|task");
  static final Pattern SPECTROSCOPY = words("svs|csi|spectro\\w*|mrs|press|steam|svs se|svs st|2dcsi");
  static final Pattern ANGIOGRAPHY = words("tof|tof3d|angio\\w*|mra|mrv|veno(gram)?|inhance|ce mra");
  static final Pattern DERIVED = words("mpr|mip|reformat\\w*|sub|subtraction|mpr \\w+|projection");
  static final Pattern NON_BRAIN = words("spine|c ?spine|t ?spine|l ?spine|cervical|thoracic|lumbar|sacrum|knee"
      + "|shoulder|hip|pelvis|abdomen|abd|liver|prostate|breast|cardiac|heart|ankle|foot|wrist|hand|elbow|neck"
      + "|orbits?|chest|lung|kidney|renal");
  static final Pattern FLAIR = words("flair|dark ?fluid|darkfluid|da fl|tirm|fluid attenuated|cube flair|space flair"
      + "|spc flair|t2 fl|vista flair|3d flair|flair\\w*");
  static final Pattern T1 = words("t1|t1w|t1\\w*|mprage|mp rage|bravo|fspgr|spgr|ir fspgr|tfe|t1tfe|flash|fl3d|vibe"
      + "|mp2rage|tfl|tfl3d1|3d t1|t1 se|ffe t1|star vibe|mpr age|bfe");
  static final Pattern T2 = words("t2|t2w|t2\\w*|t2 tse|frfse|t2 fse|t2 space|t2 spc|t2 cube|vista t2|t2 prop\\w*"
      + "|t2 blade");
  static final Pattern OTHER_CONTRAST = words("pd|pdw|pd\\w*|proton density|t2\\*|t2 star|t2star|hemo|stir"
      + "|medic|merge|fiesta|ciss|bffe|truefisp|dess|t2\\* gre|qsm");
  static final Pattern POST_CONTRAST = words("\\+c|c\\+|\\+gd|gd\\+|\\+ ?k|post|post contrast|postcontrast|post gad|gad"
      + "|gado|gd|contrast|kontrast|ce|km|mprage post|t1 post|w contrast|with contrast|\\+ ?contrast|dotarem"
      + "|gadovist|magnevist|multihance|prohance|clariscan");
  static final Pattern PRE_CONTRAST = words("pre|pre contrast|precontrast|nativ|native|non contrast|without contrast"
      + "|wo contrast|w o contrast|no contrast");

  private final String text;

  NameKeywords(String... names) {
    StringBuilder b = new StringBuilder(" ");
    for (String n : names) {
      String s = n.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9+*]+", " ").trim();
      // "+C" and "C+" must survive as words of their own: space out the '+'.
      s = s.replaceAll("(\\w)\\+", "$1 +").replaceAll("\\+(\\w)", "+$1");
      if (!s.isEmpty()) {
        b.append(s).append(" | ");
      }
    }
    this.text = b.toString();
  }

  /** The first word matching {@code p}, as it appears in the names. */
  Optional<String> find(Pattern p) {
    Matcher m = p.matcher(text);
    return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
  }

  boolean has(Pattern p) {
    return p.matcher(text).find();
  }

  String text() {
    return text.trim();
  }

  private static Pattern words(String alternatives) {
    return Pattern.compile("(?<=[ |])((?:" + alternatives + "))(?=[ |])");
  }
}
