# Purpose: materialise the traversal edges the ontology defines by property chains of the form
#   ?p owl:propertyChainAxiom ( [ owl:inverseOf ?role1 ] ?role2 )
# i.e. for every fact node ?fact with ?fact ?role1 ?x and ?fact ?role2 ?y, assert ?x ?p ?y.
# Parameters: none. Writes: the derived graph, replacing what it held.
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>

DROP SILENT GRAPH <https://w3id.org/actorgraph/graph/derived> ;

INSERT { GRAPH <https://w3id.org/actorgraph/graph/derived> { ?x ?p ?y } }
WHERE {
  GRAPH ?ontology {
    ?p owl:propertyChainAxiom ?chain .
    ?chain rdf:first ?first ; rdf:rest ?rest .
    ?first owl:inverseOf ?role1 .
    ?rest rdf:first ?role2 ; rdf:rest rdf:nil .
  }
  GRAPH ?g1 { ?fact ?role1 ?x }
  GRAPH ?g2 { ?fact ?role2 ?y }
  FILTER (?x != ?y)
  FILTER (?g1 != <https://w3id.org/actorgraph/graph/meta> && ?g2 != <https://w3id.org/actorgraph/graph/meta>)
}
