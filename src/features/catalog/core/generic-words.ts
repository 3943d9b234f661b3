/**
 * Words too common in requests and chapter titles to say what someone wants to read about: alone they
 * never match a topic or a chapter ("web", "python", "book").
 */
export const genericWords: ReadonlySet<string> = new Set(
  (
    'a an the to of in on for with and or about from into at by as is are be do does did i me my we our you your it its ' +
    'this that these those how what why when where which who want need should can could would get make use using used ' +
    'write writing learn learning book books python python3 py programming program programs programmer code coding coder ' +
    'software development developer developers web data advanced beginner beginners intermediate expert guide tutorial ' +
    'good best better great way ways thing things stuff something help more some any tips practice practices introduction ' +
    'intro basics fundamentals app apps application applications project projects system systems work working language ' +
    'languages computer technology tech topic topics like really very just also please recommend recommendation ' +
    'set match time tools commands views lists numbers dates packages frameworks big small new modern vs versus ' +
    'first our going town more less lessons field understanding brief interlude chapter part objects ' +
    // Verbs and nouns of section titles ("Read and Write GNU zip Files", "a simple C extension module").
    'read reading write module modules file files simple simply understand'
  ).split(' '),
);
