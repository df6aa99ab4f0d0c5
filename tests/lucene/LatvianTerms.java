// Prints Lucene's LatvianAnalyzer terms for each line of standard input: "word<TAB>terms".
// Run by tests/test_lucene_analysis.py with Debian's liblucene8-java on the class path.
import java.io.*;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.lv.LatvianAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

public class LatvianTerms {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    try (Analyzer analyzer = new LatvianAnalyzer()) {
      String word;
      while ((word = in.readLine()) != null) {
        StringBuilder terms = new StringBuilder();
        try (TokenStream stream = analyzer.tokenStream("t", word)) {
          CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
          stream.reset();
          while (stream.incrementToken()) {
            if (terms.length() > 0) terms.append(' ');
            terms.append(term);
          }
          stream.end();
        }
        out.println(word + "\t" + terms);
      }
    }
  }
}
